import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API (apps/api) listens on 3333 and serves the built dashboard from `dist` in
// production; in development Vite serves the app and forwards API traffic to it, so the
// browser sees one origin either way and no CORS setup is needed.
const apiOrigin = 'http://localhost:3333';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      // tRPC queries and mutations go over HTTP, subscriptions over a WebSocket on the same path.
      '/trpc': { target: apiOrigin, ws: true, changeOrigin: true },
      '/api': { target: apiOrigin, changeOrigin: true },
      '/healthz': { target: apiOrigin, changeOrigin: true },
    },
  },
});
