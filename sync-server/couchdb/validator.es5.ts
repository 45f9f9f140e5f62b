/**
 * A JSON-Schema subset checker written as ES5 source text, because CouchDB runs validate_doc_update in an old
 * SpiderMonkey. It covers exactly what `z.toJSONSchema` emits for our document schemas.
 */
export const ES5_CHECKER = `
function jwCheck(schema, value, path) {
  var i, k, err, keys;
  if (!schema || typeof schema !== 'object') return null;
  if (schema.anyOf) {
    for (i = 0; i < schema.anyOf.length; i++) if (!jwCheck(schema.anyOf[i], value, path)) return null;
    return { path: path, message: 'matches none of the allowed shapes' };
  }
  if (schema.hasOwnProperty('const') && value !== schema['const']) return { path: path, message: 'must be ' + JSON.stringify(schema['const']) };
  if (schema['enum']) {
    for (i = 0; i < schema['enum'].length; i++) if (schema['enum'][i] === value) break;
    if (i === schema['enum'].length) return { path: path, message: 'must be one of ' + schema['enum'].join(', ') };
  }
  var t = schema.type;
  if (t) {
    var actual = value === null ? 'null' : Object.prototype.toString.call(value) === '[object Array]' ? 'array' : typeof value;
    var types = typeof t === 'string' ? [t] : t, ok = false;
    for (i = 0; i < types.length; i++) {
      if (types[i] === actual) ok = true;
      if (types[i] === 'integer' && actual === 'number' && isFinite(value) && Math.floor(value) === value) ok = true;
      if (types[i] === 'number' && actual === 'number' && isFinite(value)) ok = true;
    }
    if (!ok) return { path: path, message: 'must be of type ' + types.join(' or ') };
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return { path: path, message: 'must have at least ' + schema.minLength + ' characters' };
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return { path: path, message: 'must have at most ' + schema.maxLength + ' characters' };
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) return { path: path, message: 'does not match the required format' };
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return { path: path, message: 'must be >= ' + schema.minimum };
    if (schema.maximum !== undefined && value > schema.maximum) return { path: path, message: 'must be <= ' + schema.maximum };
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return { path: path, message: 'must be > ' + schema.exclusiveMinimum };
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return { path: path, message: 'must be < ' + schema.exclusiveMaximum };
  }
  if (Object.prototype.toString.call(value) === '[object Array]') {
    if (schema.minItems !== undefined && value.length < schema.minItems) return { path: path, message: 'must have at least ' + schema.minItems + ' items' };
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return { path: path, message: 'must have at most ' + schema.maxItems + ' items' };
    if (schema.items) for (i = 0; i < value.length; i++) { err = jwCheck(schema.items, value[i], path ? path + '.' + i : String(i)); if (err) return err; }
  } else if (value !== null && typeof value === 'object') {
    var props = schema.properties || {};
    if (schema.required) for (i = 0; i < schema.required.length; i++) {
      if (!value.hasOwnProperty(schema.required[i])) return { path: path ? path + '.' + schema.required[i] : schema.required[i], message: 'is required' };
    }
    keys = [];
    for (k in value) if (value.hasOwnProperty(k)) keys.push(k);
    for (i = 0; i < keys.length; i++) {
      k = keys[i];
      var sub = props.hasOwnProperty(k) ? props[k] : schema.additionalProperties;
      if (sub === false) return { path: path ? path + '.' + k : k, message: 'is not allowed' };
      err = jwCheck(sub, value[k], path ? path + '.' + k : k);
      if (err) return err;
    }
  }
  return null;
}
`;
