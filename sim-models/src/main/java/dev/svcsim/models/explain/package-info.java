/**
 * The life of one connection, hop by hop, as a run of the data plane saw it: what
 * {@code svcsim explain} prints. Built by the data plane while it simulates, so it cannot
 * disagree with what the run did.
 */
package dev.svcsim.models.explain;
