// undici's own modules, imported one by one by src/darktrace/undici.ts (typed there, from undici's index types).
declare module 'undici/lib/dispatcher/dispatcher.js' { const value: unknown; export default value; }
declare module 'undici/lib/api/index.js' { const value: object; export default value; }
declare module 'undici/lib/dispatcher/agent.js' { const value: unknown; export default value; }
declare module 'undici/lib/dispatcher/pool.js' { const value: unknown; export default value; }
declare module 'undici/lib/dispatcher/proxy-agent.js' { const value: unknown; export default value; }
declare module 'undici/lib/core/connect.js' { const value: unknown; export default value; }
