// Migrations are bundled as text (esbuild loader '.sql': 'text'; vitest via vite's ?raw is not used).
declare module '*.sql' {
  const text: string;
  export default text;
}
