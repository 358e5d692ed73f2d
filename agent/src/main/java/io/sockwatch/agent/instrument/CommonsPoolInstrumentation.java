package io.sockwatch.agent.instrument;

/**
 * Apache commons-pool2's {@code BaseGenericObjectPool}, the base of {@code GenericObjectPool} and
 * {@code GenericKeyedObjectPool} and so of the pools of Jedis and DBCP2: {@code updateStatsBorrow(pooledObject,
 * waited)} runs on the borrowing thread once the object is allocated to it, {@code markReturningState(pooledObject)}
 * first thing when it comes back. Relocated copies are recognised by their names' tails.
 */
final class CommonsPoolInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.commons.pool2.impl.BaseGenericObjectPool";
    }

    @Override
    public boolean isLibrary() {
        return true;
    }

    @Override
    public boolean matches(String binaryName) {
        return SocketInstrumentation.isOrRelocates(binaryName, typeName());
    }

    @Override
    public String purpose() {
        return "idle and leased commons-pool2 pooled";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        if (name.equals("updateStatsBorrow") && SocketInstrumentation.takesArguments(descriptor, 2)) {
            return HookCall.leasedFromThis(0);
        }
        return name.equals("markReturningState") && SocketInstrumentation.takesArguments(descriptor, 1)
                ? HookCall.idleInThis(0) : null;
    }
}
