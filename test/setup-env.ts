// The SDK's notice that releases after January 2027 need Node 22 is printed once per process on Node 20;
// tests that read stderr would see it. The Lambda itself runs on nodejs22.x.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
// The handler's EMF blobs would flood the test output; the telemetry tests switch them back on.
process.env.POWERTOOLS_METRICS_DISABLED = "true";
