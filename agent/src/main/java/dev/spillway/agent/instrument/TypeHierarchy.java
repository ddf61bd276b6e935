package dev.spillway.agent.instrument;

/**
 * Answers what a frame computation asks about classes other than the one being rewritten, from their class
 * files and without loading them: a class being transformed must not make other classes load.
 */
@FunctionalInterface
public interface TypeHierarchy {

    /**
     * The internal name of the most specific class both types are assignable to, {@code java/lang/Object} when
     * one is an interface that the other does not implement.
     *
     * @throws TypeNotPresentException when a type's class file cannot be found
     */
    String commonSuperClass(String type1, String type2);

    /**
     * The hierarchy of the classes visible to {@code loader} (null: the bootstrap loader), read from their
     * class files.
     */
    static TypeHierarchy of(ClassLoader loader) {
        return new ClassFileHierarchy(loader);
    }
}
