package dev.quire.cli.config;

/** A setting that cannot be read; the message names where it came from and what is allowed. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
