/** Nodes, pods, workloads and their templates: the cluster a scenario describes. */
package dev.svcsim.models.cluster;
