import localFont from 'next/font/local';

// A font file from the build's own node_modules: nothing is downloaded at
// build or run time, and Next.js serves it from /_next/static/media/.
export const inter = localFont({
  src: '../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  weight: '100 900',
  style: 'normal',
  display: 'swap',
  variable: '--font-inter',
});
