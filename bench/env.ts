/**
 * Imported first by bench.ts: the handler module builds its default Logger and Metrics on load, and the SDK
 * checks the Node version when a client is built, so these must be set before anything else is evaluated.
 */
process.env.POWERTOOLS_METRICS_DISABLED = "true";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
