package org.parley.config;

/** A setting with a wrong value; the message names the setting. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
    }
}
