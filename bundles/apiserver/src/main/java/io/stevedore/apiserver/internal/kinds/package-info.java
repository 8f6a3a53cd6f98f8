/**
 * Per-kind strategies of the API server: defaulting, validation, create/update preparation,
 * field selectors and the server-side Table printers, each following Kubernetes' own rules.
 */
package io.stevedore.apiserver.internal.kinds;
