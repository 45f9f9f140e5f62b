/** A `sha256:<hex>` digest in groups of four, for a person to compare it between two screens (desk and tablet). */
export const groupedDigest = (digest: string): string => digest.replace(/^sha256:/, '').match(/.{1,4}/g)?.join(' ') ?? '';
