// What electron-vite (Vite) defines at build time in the main-side bundles: DEV is true under
// `electron-vite dev` and false in `electron-vite build`, where code behind it is removed.
interface ImportMetaEnv {
  readonly DEV: boolean;
  readonly PROD: boolean;
  readonly MODE: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
