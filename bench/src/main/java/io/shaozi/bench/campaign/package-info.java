/** Campaign benchmark: a fake WeCom API server on loopback that enforces WeCom's send limits and counts deliveries. */
package io.shaozi.bench.campaign;
