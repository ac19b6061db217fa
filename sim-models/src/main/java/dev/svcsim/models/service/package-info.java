/** Services, their ports and policies, and hand-written endpoints, as the API server keeps them. */
package dev.svcsim.models.service;
