package dev.lakehouse.provision.resource;

import dev.lakehouse.provision.engine.Address;

/**
 * Something in the stack's place (a table in a zone's database) that the config does not
 * declare and the stack did not make, such as a table a pipeline created. Plans list it and
 * leave it alone: it is neither changed nor deleted.
 *
 * @param address its address, as it would have if the config declared it
 * @param reason what it is and why it is left alone, for the plan
 */
public record Unmanaged(Address address, String reason) {}
