/**
 * JMH benchmarks: the engine against a plain PriorityQueue loop on the reference model lb-mm and
 * on the timeout-heavy model "timeouts", built as {@code benchmarks/target/benchmarks.jar}.
 */
package dev.svcsim.benchmarks;
