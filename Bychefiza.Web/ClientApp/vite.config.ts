import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into dist/, which the ASP.NET Core host serves as its web root.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
