import { useMemo } from 'react';

interface TreeNode {
  name: string;
  path: string;
  children: TreeNode[];
  isFile: boolean;
}

/** Paths as a folder tree, folders first, each level sorted by name. */
export function buildFileTree(paths: readonly string[]): TreeNode[] {
  const root: TreeNode = { name: '', path: '', children: [], isFile: false };
  for (const path of paths) {
    let node = root;
    const segments = path.split('/');
    segments.forEach((segment, index) => {
      const isFile = index === segments.length - 1;
      const childPath = segments.slice(0, index + 1).join('/');
      let child = node.children.find((candidate) => candidate.name === segment && candidate.isFile === isFile);
      if (child === undefined) {
        child = { name: segment, path: childPath, children: [], isFile };
        node.children.push(child);
      }
      node = child;
    });
  }
  const sort = (nodes: TreeNode[]): TreeNode[] =>
    nodes
      .sort((a, b) => Number(a.isFile) - Number(b.isFile) || a.name.localeCompare(b.name))
      .map((node) => ({ ...node, children: sort(node.children) }));
  return sort(root.children);
}

interface FileTreeProps {
  paths: readonly string[];
  selected: string | null;
  onSelect: (path: string) => void;
}

/** A code artifact's files as folders and files; choosing a file shows it. */
export function FileTree({ paths, selected, onSelect }: FileTreeProps) {
  const tree = useMemo(() => buildFileTree(paths), [paths]);
  return (
    <nav className="file-tree" aria-label="Files">
      <TreeLevel nodes={tree} selected={selected} onSelect={onSelect} />
    </nav>
  );
}

function TreeLevel({ nodes, selected, onSelect }: { nodes: TreeNode[]; selected: string | null; onSelect: (path: string) => void }) {
  return (
    <ul className="file-tree__level">
      {nodes.map((node) => (
        <li key={`${node.isFile ? 'f' : 'd'}:${node.path}`}>
          {node.isFile ? (
            <button
              type="button"
              className="file-tree__file"
              aria-current={node.path === selected ? 'true' : undefined}
              onClick={() => onSelect(node.path)}
            >
              {node.name}
            </button>
          ) : (
            <>
              <span className="file-tree__folder">{node.name}/</span>
              <TreeLevel nodes={node.children} selected={selected} onSelect={onSelect} />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
