export const id = 15;
export const ids = [15];
export const modules = {

/***/ 1015:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0___namespace_cache;
__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S3Sdk: () => (/* reexport fake namespace object from non-harmony */ _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0___namespace_cache || (_aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0___namespace_cache = __webpack_require__.t(_aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__, 2))),
/* harmony export */   newS3Client: () => (/* binding */ newS3Client)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3711);
/* harmony import */ var _smithy_node_http_handler__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1279);



/**
 * The S3 client. This module is a chunk of its own in the bundle, loaded by clients.ts on the
 * first call that needs the SDK: a deploy that changes nothing never loads it.
 */
function newS3Client(settings, logger, agents, idleTimeoutMs) {
    const requestHandler = new _smithy_node_http_handler__WEBPACK_IMPORTED_MODULE_1__.NodeHttpHandler({
        httpAgent: agents.http,
        httpsAgent: agents.https,
        connectionTimeout: 10_000,
        // socketTimeout is the socket's inactivity timer and fails the request (a TimeoutError,
        // retried). requestTimeout would be a deadline from the start of the request, cutting a
        // slow upload that was still sending and restarting it from its first byte.
        socketTimeout: idleTimeoutMs,
    });
    return new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__.S3Client({
        ...logger,
        region: settings.region,
        maxAttempts: 1,
        requestHandler,
        // The default (CRC32 with aws-chunked bodies) breaks S3-compatible servers; we send
        // Content-MD5 ourselves, so every byte is still verified.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
    });
}


/***/ })

};
