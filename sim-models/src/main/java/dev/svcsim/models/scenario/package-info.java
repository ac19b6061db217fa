/**
 * A validated scenario: the cluster's configuration, its objects at time zero, the traffic
 * sources, the timeline of events and the expectations. Immutable; built by the scenarios module
 * from YAML and consumed by the data plane.
 */
package dev.svcsim.models.scenario;
