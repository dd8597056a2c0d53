/** Chaos check: acknowledged tickets must survive kill -9 of the server, never twice, never reused. */
package io.shaozi.bench.chaos;
