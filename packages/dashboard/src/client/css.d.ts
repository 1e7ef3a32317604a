// The page's style sheet is imported for esbuild, which emits it as dist/client/app.css.
declare module '*.css' {}
