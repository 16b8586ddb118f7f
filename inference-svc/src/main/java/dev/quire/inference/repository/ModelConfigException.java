package dev.quire.inference.repository;

/** A model config file is wrong; the message names the file, the field and what is allowed. */
public class ModelConfigException extends Exception {

    public ModelConfigException(String source, String field, String problem) {
        super(source + ": field '" + field + "' " + problem);
    }

    public ModelConfigException(String message) {
        super(message);
    }
}
