/** IPv4 addresses, CIDR networks and port ranges, as values. */
package dev.svcsim.models.net;
