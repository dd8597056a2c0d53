/**
 * The knowledge base as the service runs it: the folder of {@code knowledge.dir} (or the entries shipped in the jar),
 * polled for changes and reloaded without a restart, and edited by operators through the admin API.
 */
package io.shaozi.core.knowledge;
