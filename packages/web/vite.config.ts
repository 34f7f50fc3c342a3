// Builds the web application into dist/, which the server serves at `/`. In development
// (`npm run dev -w @anticipa/web`), API calls go to a server started with `npm start`.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
