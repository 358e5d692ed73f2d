package io.sockwatch.agent.explain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a path of nodes into the steps a reader acts on. Collection internals are folded the way people think of
 * them: {@code ArrayList[3]} rather than {@code elementData → Object[] → [3]}, {@code HashMap["backend"]} rather than
 * {@code table → Node[] → [7] → next → value}.
 */
final class RetentionDescriber {
    private static final Set<String> LISTS = Set.of("java.util.ArrayList", "java.util.Vector", "java.util.Stack",
            "java.util.ArrayDeque", "java.util.concurrent.CopyOnWriteArrayList");
    private static final Set<String> LIST_ARRAYS = Set.of("elementData", "elements", "array");
    private static final Set<String> MAPS = Set.of("java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.Hashtable", "java.util.concurrent.ConcurrentHashMap", "java.util.WeakHashMap");
    private static final Set<String> SETS = Set.of("java.util.HashSet", "java.util.LinkedHashSet");
    private static final Set<String> BOXES = Set.of("java.lang.Integer", "java.lang.Long", "java.lang.Short",
            "java.lang.Byte", "java.lang.Character", "java.lang.Boolean");
    private static final int MAX_KEY_CHARS = 60;

    /** JVMTI thread status bits, as {@code jdk.internal.misc.VM.toThreadState} reads them. */
    private static final int ALIVE = 0x1;
    private static final int TERMINATED = 0x2;
    private static final int RUNNABLE = 0x4;
    private static final int WAITING_INDEFINITELY = 0x10;
    private static final int WAITING_WITH_TIMEOUT = 0x20;
    private static final int BLOCKED_ON_MONITOR_ENTER = 0x400;

    private final RetentionPaths paths;
    private final HeapIndex heap;
    private final Map<Integer, Long> threadObjects = new HashMap<>();

    RetentionDescriber(RetentionPaths paths) {
        this.paths = paths;
        this.heap = paths.heap();
        for (GcRoot root : heap.roots()) {
            if (root.kind() == GcRoot.Kind.THREAD) {
                threadObjects.put(root.threadSerial(), root.objectId());
            }
        }
    }

    /** How {@code target} is held; null when no root reaches it. */
    Retention describe(int target) throws IOException {
        List<Integer> path = paths.path(target);
        if (path.isEmpty()) {
            return null;
        }
        GcRoot root = paths.root(path.get(0));
        HeldThread thread = null;
        String rootStep;
        String rootShape;
        switch (root.kind()) {
            case FRAME: {
                thread = thread(root);
                String at = thread.stack().isEmpty() ? "an unknown frame" : thread.frame().toString();
                rootStep = thread.label() + " at " + at;
                rootShape = "a thread at " + at;
                break;
            }
            case STATIC:
                rootStep = "static " + root.staticHolder().name() + '.' + root.staticField();
                rootShape = rootStep;
                break;
            case THREAD: {
                HeapObject t = HeapObject.read(heap, path.get(0));
                rootStep = heldThread(t, List.of(), 0).label() + " (its Thread object)";
                rootShape = "a thread object of class " + t.className();
                break;
            }
            case JNI_GLOBAL:
                rootStep = "a JNI global reference (native code)";
                rootShape = rootStep;
                break;
            default:
                rootStep = "a VM root (JNI local, native stack or monitor)";
                rootShape = rootStep;
        }
        List<String> steps = new ArrayList<>();
        steps.add(rootStep);
        StringBuilder shape = new StringBuilder(rootShape);
        for (int i = 0; i < path.size() - 1; ) {
            Step step = step(path, i);
            steps.add(step.label);
            shape.append(" → ").append(step.label.replaceAll("\\[[^\\]]*\\]", "[*]"));
            i = step.next;
        }
        String targetClass = heapClassName(path.get(path.size() - 1));
        steps.add(targetClass);
        shape.append(" → ").append(targetClass);
        NettyChannel channel = NettyChannel.on(heap, path);
        if (channel != null) {
            // an event loop holds every channel: the handlers tell one leak from another
            shape.append(" with handlers ").append(channel.handlers());
        }
        return new Retention(steps, shape.toString(), thread, channel);
    }

    /** The step from path[i] to the object it refers to, folding a collection's internals. */
    private Step step(List<Integer> path, int i) throws IOException {
        HeapObject holder = HeapObject.read(heap, path.get(i));
        long child = heap.id(path.get(i + 1));
        if (holder.isInstance()) {
            ClassLayout.Field field = holder.fieldHolding(child);
            String name = field == null ? "?" : field.name();
            Step folded = fold(holder, name, path, i);
            return folded != null ? folded : new Step(simpleName(holder.className()) + '.' + name, i + 1);
        }
        String array = simpleName(holder.className());
        // "Object[]" → "Object[3]"; a damaged dump may name the array's class anything
        String element = array.endsWith("[]") ? array.substring(0, array.length() - 2) : array;
        return new Step(element + '[' + holder.indexOf(child) + ']', i + 1);
    }

    private Step fold(HeapObject holder, String field, List<Integer> path, int i) throws IOException {
        String holderClass = holder.className();
        if (LISTS.contains(holderClass) && LIST_ARRAYS.contains(field) && i + 2 < path.size()) {
            HeapObject array = HeapObject.read(heap, path.get(i + 1));
            return new Step(simpleName(holderClass) + '[' + array.indexOf(heap.id(path.get(i + 2))) + ']', i + 2);
        }
        if (MAPS.contains(holderClass) && field.equals("table")) {
            return mapEntry(simpleName(holderClass), path, i + 1);
        }
        if (SETS.contains(holderClass) && field.equals("map") && i + 1 < path.size()) {
            HeapObject map = HeapObject.read(heap, path.get(i + 1));
            ClassLayout.Field table = i + 2 < path.size() ? map.fieldHolding(heap.id(path.get(i + 2))) : null;
            if (MAPS.contains(map.className()) && table != null && table.name().equals("table")) {
                Step entry = mapEntry(simpleName(holderClass), path, i + 2);
                if (entry != null && entry.label.endsWith(" key")) {
                    return new Step(simpleName(holderClass) + " element", entry.next);
                }
            }
        }
        return null;
    }

    /** From a map's table array at path[at]: through the bucket's entries to a key or value. */
    private Step mapEntry(String map, List<Integer> path, int at) throws IOException {
        for (int j = at + 1; j < path.size() - 1; j++) {
            HeapObject entry = HeapObject.read(heap, path.get(j));
            ClassLayout.Field f = entry.fieldHolding(heap.id(path.get(j + 1)));
            if (f == null) {
                return null;
            }
            if (f.name().equals("key")) {
                return new Step(map + " key", j + 1);
            }
            if (f.name().equals("value") || f.name().equals("val")) {
                return new Step(map + '[' + keyText(entry.reference("key")) + ']', j + 1);
            }
            if (!entry.className().contains("$")) {
                return null; // left the map's own entry classes (next, left, right, first...) without a key or value
            }
        }
        return null;
    }

    private String keyText(long keyId) throws IOException {
        int node = heap.node(keyId);
        if (node < 0) {
            return "?";
        }
        HeapObject key = HeapObject.read(heap, node);
        String text = key.string();
        if (text != null) {
            return '"' + (text.length() > MAX_KEY_CHARS ? text.substring(0, MAX_KEY_CHARS) + "…" : text) + '"';
        }
        if (BOXES.contains(key.className())) {
            return String.valueOf(key.className().equals("java.lang.Long") ? key.longValue("value", 0)
                    : key.intValue("value", 0));
        }
        return '<' + simpleName(key.className()) + '>';
    }

    private HeldThread thread(GcRoot frameRoot) throws IOException {
        List<StackFrame> stack = heap.stackOfThread(frameRoot.threadSerial());
        int frame = Math.min(Math.max(frameRoot.frame(), 0), Math.max(stack.size() - 1, 0));
        Long objectId = threadObjects.get(frameRoot.threadSerial());
        int node = objectId == null ? -1 : heap.node(objectId);
        if (node < 0) {
            return new HeldThread("?", -1, false, null, stack, frame);
        }
        return heldThread(HeapObject.read(heap, node), stack, frame);
    }

    private HeldThread heldThread(HeapObject thread, List<StackFrame> stack, int frame) throws IOException {
        boolean virtual = thread.className().equals("java.lang.VirtualThread");
        int nameNode = heap.node(thread.reference("name"));
        String name = nameNode < 0 ? null : HeapObject.read(heap, nameNode).string();
        return new HeldThread(name == null ? "" : name, thread.longValue("tid", -1), virtual,
                virtual ? null : state(thread), stack, frame);
    }

    /** JDK 17 keeps the status in the Thread; 21+ in its FieldHolder. */
    private String state(HeapObject thread) throws IOException {
        int status = thread.intValue("threadStatus", -1);
        if (status < 0) {
            int holder = heap.node(thread.reference("holder"));
            status = holder < 0 ? -1 : HeapObject.read(heap, holder).intValue("threadStatus", -1);
        }
        if (status < 0) {
            return null;
        }
        if ((status & RUNNABLE) != 0) {
            return "RUNNABLE";
        }
        if ((status & BLOCKED_ON_MONITOR_ENTER) != 0) {
            return "BLOCKED";
        }
        if ((status & WAITING_INDEFINITELY) != 0) {
            return "WAITING";
        }
        if ((status & WAITING_WITH_TIMEOUT) != 0) {
            return "TIMED_WAITING";
        }
        if ((status & TERMINATED) != 0) {
            return "TERMINATED";
        }
        return (status & ALIVE) == 0 ? "NEW" : "RUNNABLE";
    }

    private String heapClassName(int node) throws IOException {
        return HeapObject.read(heap, node).className();
    }

    /** {@code java.util.HashMap$Node} → {@code HashMap$Node}. */
    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static final class Step {
        private final String label;
        private final int next;

        Step(String label, int next) {
            this.label = label;
            this.next = next;
        }
    }
}
