/**
 * What kube-proxy programs on a node, in its own words: chain and set names hashed as kube-proxy
 * hashes them, and the rule sets (iptables-save, nft list ruleset, ipvsadm -Ln) rendered from a
 * node's view of the Services and endpoints.
 */
package dev.svcsim.models.rules;
