package dev.spillway.agent.sites;

import java.util.List;
import org.objectweb.asm.tree.ClassNode;

/**
 * A class read into ASM's tree API together with the allocation sites in it.
 *
 * @param node the class, as read from its class file
 * @param sites every site of every method, in method order and then bytecode order
 */
public record ClassSites(ClassNode node, List<FoundSite> sites) {
    public ClassSites {
        sites = List.copyOf(sites);
    }
}
