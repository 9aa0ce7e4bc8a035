/**
 * How the built server is started, as `npm run start:server` and the Dockerfile start it: a 192 MB
 * V8 old space keeps the resident memory near 170 MB under sustained writes and million-row imports
 * (without it, garbage between major collections took it to 285 MB; see P8 in docs/performance/README.md).
 */
export const SERVER_HEAP = '--max-old-space-size=192';
/**
 * V8 sizes the young generation from the old space's cap: with 192 MB a semi-space is 1 MB, so under
 * P1's writes the scavenger ran every few requests (13% of the thread in a profile). 16 MB semi-spaces
 * cut the server's CPU per contact by 12–18% (P1 in docs/performance/README.md) and add at most
 * ~48 MB of young generation, which P8 checks.
 */
export const SERVER_YOUNG = '--max-semi-space-size=16';
export const SERVER_ARGS = [SERVER_HEAP, SERVER_YOUNG, 'server/dist/server.js'];
