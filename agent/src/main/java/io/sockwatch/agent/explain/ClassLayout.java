package io.sockwatch.agent.explain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * One class of the dump: its name, superclass and the instance fields it declares, as its CLASS DUMP record gives
 * them. An instance record holds the fields of its class first, then those of each superclass; {@link #fields()}
 * flattens that order once all classes are known, and {@link HeapClasses#link} has checked that every superclass
 * exists and that no chain of them is a cycle: only then are the walks up the hierarchy here finite.
 */
final class ClassLayout {
    /** HPROF basic type of a reference field. */
    static final int OBJECT = 2;

    private final long id;
    private final long superId;
    private final String name;
    private final List<Field> declared;
    private final long offset;
    /** Bytes of this class's own instance fields. */
    private final long declaredBytes;
    /** Bytes of all instance fields, superclasses' included; -1 until {@link HeapClasses#link}. */
    private long instanceBytes = -1;
    private List<Field> fields;
    private static final Set<String> CLEANABLES = Set.of("jdk.internal.ref.PhantomCleanable",
            "jdk.internal.ref.WeakCleanable", "jdk.internal.ref.SoftCleanable");
    private static final Set<String> CLEANER_LIST_LINKS = Set.of("prev", "next", "list", "node");

    private int[] followedReferences;
    private Boolean kept;

    /** @param offset file offset of its CLASS DUMP record */
    ClassLayout(long id, long superId, String name, List<Field> declared, long offset, int idSize) {
        this.id = id;
        this.superId = superId;
        this.name = name;
        this.declared = declared;
        this.offset = offset;
        this.declaredBytes = declared.stream().mapToLong(f -> size(f.type, idSize)).sum();
    }

    long id() {
        return id;
    }

    long superId() {
        return superId;
    }

    long offset() {
        return offset;
    }

    long declaredBytes() {
        return declaredBytes;
    }

    /** What an instance record's fields take: its own and all superclasses' ({@link HeapClasses#link} sets it). */
    long instanceBytes() {
        return instanceBytes;
    }

    void instanceBytes(long bytes) {
        this.instanceBytes = bytes;
    }

    /** Binary name with dots, e.g. {@code java.net.Socket} or {@code java.lang.Object[]}. */
    String name() {
        return name;
    }

    /** This class's own name without package: how a path names a field's holder. */
    String simpleName() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** All instance fields in record order (this class's, then each superclass's), with their offsets. */
    List<Field> fields(HeapClasses classes, int idSize) {
        if (fields == null) {
            List<Field> all = new ArrayList<>();
            int offset = 0;
            for (ClassLayout c = this; c != null; c = classes.byId(c.superId)) {
                for (Field f : c.declared) {
                    all.add(f.at(c, offset));
                    offset += size(f.type, idSize);
                }
            }
            fields = Collections.unmodifiableList(all);
        }
        return fields;
    }

    /**
     * Offsets of the reference fields a retention path may follow: all but {@code Reference.referent} and
     * {@code discovered}, which are what makes a weak, soft or phantom reference (the JDK's cleaner among them)
     * not hold its object.
     */
    int[] followedReferences(HeapClasses classes, int idSize) {
        // nor a cleanable's links into its cleaner's list (prev/next/list on 17, list/node on 24+): through them every
        // object registered with the common cleaner would reach every other one's cleaning action
        if (followedReferences == null) {
            followedReferences = fields(classes, idSize).stream()
                    .filter(f -> f.type == OBJECT && !f.isNotHolding())
                    .mapToInt(Field::offset).toArray();
        }
        return followedReferences;
    }

    /**
     * Whether this class or a superclass has a name {@code keptNames} accepts; asked once per class, when its first
     * instance is read (all classes are declared by then), and remembered.
     */
    boolean kept(java.util.function.Predicate<String> keptNames, HeapClasses classes) {
        if (kept == null) {
            kept = anyInHierarchy(keptNames, classes);
        }
        return kept;
    }

    /** Whether this class or a superclass has a name {@code names} accepts. */
    boolean anyInHierarchy(java.util.function.Predicate<String> names, HeapClasses classes) {
        for (ClassLayout c = this; c != null; c = classes.byId(c.superId)) {
            if (names.test(c.name)) {
                return true;
            }
        }
        return false;
    }

    boolean isSubclassOf(String className, HeapClasses classes) {
        return anyInHierarchy(className::equals, classes);
    }

    /** Whether {@code type} is an HPROF basic type, a reference or a primitive. */
    static boolean isBasicType(int type) {
        return type == OBJECT || type >= 4 && type <= 11;
    }

    static int size(int type, int idSize) {
        switch (type) {
            case OBJECT:
                return idSize;
            case 4: // boolean
            case 8: // byte
                return 1;
            case 5: // char
            case 9: // short
                return 2;
            case 6: // float
            case 10: // int
                return 4;
            case 7: // double
            case 11: // long
                return 8;
            default:
                throw new IllegalArgumentException("unknown HPROF basic type " + type);
        }
    }

    /** An instance field: its name and HPROF basic type; with its declaring class and offset once flattened. */
    static final class Field {
        private final String name;
        private final int type;
        private final ClassLayout declaringClass;
        private final int offset;

        Field(String name, int type) {
            this(name, type, null, -1);
        }

        private Field(String name, int type, ClassLayout declaringClass, int offset) {
            this.name = name;
            this.type = type;
            this.declaringClass = declaringClass;
            this.offset = offset;
        }

        private Field at(ClassLayout declaringClass, int offset) {
            return new Field(name, type, declaringClass, offset);
        }

        String name() {
            return name;
        }

        int type() {
            return type;
        }

        ClassLayout declaringClass() {
            return declaringClass;
        }

        int offset() {
            return offset;
        }

        private boolean isNotHolding() {
            return declaringClass.name.equals("java.lang.ref.Reference")
                    && (name.equals("referent") || name.equals("discovered"))
                    || CLEANABLES.contains(declaringClass.name) && CLEANER_LIST_LINKS.contains(name);
        }
    }
}
