/**
 * Benchmarks behind {@code docs/benchmarks.md}: JMH micro-benchmarks and the load drivers that run {@code wrk}.
 * Run them with {@code benchmarks/run.sh}; a normal build only compiles them.
 */
package dev.offlineaccess.benchmarks;
