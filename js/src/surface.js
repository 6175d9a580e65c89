// The package's public surface, listed once: every entry point (browser, Node, Deno, workerd)
// re-exports it after instantiating the module its own way.
export { Client, MimcError, fetchToken, isMimcError, ready } from './client.js'
