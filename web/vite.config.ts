import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console is served by the bluechannel binary from web/dist, with the API on the same
// origin under /api/v1. `npm run dev` proxies the API to a local server (BC_DEV_API).
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: process.env.BC_DEV_API || 'http://127.0.0.1:8080', ws: true }, // ws: the live feed
      '/healthz': process.env.BC_DEV_API || 'http://127.0.0.1:8080',
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules')) {
            // ECharts only in the performance chunk's own file, fetched when a dashboard opens.
            if (/[\\/](echarts|zrender)[\\/]/.test(id)) return 'echarts';
            if (/[\\/](antd|@ant-design|rc-[^\\/]+|@rc-component)[\\/]/.test(id)) return 'antd';
            if (/[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/.test(id)) return 'react';
            return 'vendor';
          }
          return undefined;
        },
      },
    },
  },
});
