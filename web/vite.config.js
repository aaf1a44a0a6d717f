// The viewer is served by `twinsolve serve` under /viewer/ (docs/viewer.md).
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/viewer/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '^/(scenarios|processes|jobs|conformance)': 'http://127.0.0.1:8080' } },
});
