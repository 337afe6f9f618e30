package org.parley.web;

/** What answers one method and path; it may throw, and {@link HttpErrors} turns that into the answer. */
@FunctionalInterface
public interface Route {
    void handle(Exchange exchange) throws Exception;
}
