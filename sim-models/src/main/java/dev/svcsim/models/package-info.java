/**
 * The Kubernetes data plane model: cluster (nodes, pods, zones, IPs), Services and endpoints,
 * kube-proxy modes, load balancers, traffic sources and timeline actions, built on the engine.
 * It depends on sim-engine, JGraphT and Commons Math; never on files, YAML or the command line.
 *
 * <p>The model classes arrive with the scenario-files and data-plane issues (see
 * docs/architecture.md for the plan).
 */
package dev.svcsim.models;
