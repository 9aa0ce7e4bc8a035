/**
 * How the built server is started, as `npm run start:server` and the Dockerfile start it: a 192 MB
 * V8 old space keeps the resident memory near 170 MB under sustained writes and million-row imports
 * (without it, garbage between major collections took it to 285 MB; see P8 in docs/performance/README.md).
 */
export const SERVER_HEAP = '--max-old-space-size=192';
export const SERVER_ARGS = [SERVER_HEAP, 'server/dist/server.js'];
