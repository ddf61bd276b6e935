package dev.spillway.agent.sites;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A site located in a class's tree: the instruction to rewrite and its identity.
 *
 * @param method the method containing the instruction
 * @param instruction the {@code NEWARRAY} or {@code INVOKESTATIC} node, as read from the class file
 * @param site its identity, with the bytecode index from the original class file
 */
public record FoundSite(MethodNode method, AbstractInsnNode instruction, Site site) {}
