package dev.quire.inference.repository;

/** One sub-folder of the model repository: a usable definition, or the reason it is not usable. */
public sealed interface RepositoryEntry permits RepositoryEntry.Valid, RepositoryEntry.Invalid {

    String name();

    /** @param definition the parsed config */
    record Valid(ModelDefinition definition) implements RepositoryEntry {
        @Override
        public String name() {
            return definition.name();
        }
    }

    /**
     * @param name   the folder name
     * @param reason what is wrong, naming file, field and allowed values
     */
    record Invalid(String name, String reason) implements RepositoryEntry {
    }
}
