// libuv's thread pool runs argon2 (identity/password.ts) next to file-system, DNS and zlib work.
// Password hashing uses at most one thread per core (HASHING_SLOTS, enforced by password.ts), and
// the pool gets four threads more than that, so a burst of sign-ins never leaves file reads or
// compression waiting for a thread (decision 0018). An operator's UV_THREADPOOL_SIZE wins.
//
// Import this module first (src/main.ts does): libuv reads UV_THREADPOOL_SIZE once, when the pool
// is first used.
import os from 'node:os';

/** How many argon2 computations may run at the same time: one per core. */
export const HASHING_SLOTS = Math.max(1, os.availableParallelism());

if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = String(HASHING_SLOTS + 4);
