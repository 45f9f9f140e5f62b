/** How the server names itself in `GET /`; clients use it to tell it from Apache CouchDB (e.g. to gzip uploads). */
export const SERVER_VENDOR = 'Jingwei Branch sync server';
