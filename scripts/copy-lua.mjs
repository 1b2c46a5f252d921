// Build step of the server: the Lua scripts ship beside the compiled store that loads them.
import { cpSync } from 'node:fs';

cpSync('src/booking/redis/scripts', 'dist/booking/redis/scripts', { recursive: true });
cpSync('src/sales/queue/scripts', 'dist/sales/queue/scripts', { recursive: true });
