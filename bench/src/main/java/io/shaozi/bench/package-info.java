/** JMH benchmarks and load generators. */
package io.shaozi.bench;
