/** How the server names itself in `GET /` (CouchDB's `vendor` field). */
export const SERVER_VENDOR = 'Jingwei Branch sync server';
