/**
 * What a run produced, as raw counts and histograms: per Service, per pod, per node and per
 * time bucket. The reports module derives shares, skew and percentiles from these.
 */
package dev.svcsim.models.result;
