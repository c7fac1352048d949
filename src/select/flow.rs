//! The flow bound: whether per-topic and per-level counts can be met at all by a topic ×
//! level matrix within the cells' capacities, decided exactly as a maximum flow.

/// Whether rows and columns can be met by a matrix whose cells stay within `caps`
/// (max flow from rows to columns equals the row total).
pub(super) fn flow_feasible(rows: &[u32], cols: &[u32; 4], caps: &[[u32; 4]]) -> bool {
    let need: u32 = rows.iter().sum();
    if need != cols.iter().sum::<u32>() {
        return false;
    }
    let n = rows.len();
    let mut flow = vec![[0u32; 4]; n];
    let mut row_left: Vec<u32> = rows.to_vec();
    let mut col_left = *cols;
    let mut total = 0;
    // Augmenting paths over the bipartite graph: row -> col directly, or with one detour
    // through a cell that can be re-routed; repeated breadth-first search keeps it exact.
    loop {
        // BFS from every row with capacity left to a column with demand left.
        // Nodes: rows 0..n, cols n..n+4.
        let mut prev: Vec<Option<usize>> = vec![None; n + 4];
        let mut seen = vec![false; n + 4];
        let mut queue = std::collections::VecDeque::new();
        for r in 0..n {
            if row_left[r] > 0 {
                seen[r] = true;
                queue.push_back(r);
            }
        }
        let mut end = None;
        while let Some(u) = queue.pop_front() {
            if u < n {
                for l in 0..4 {
                    let v = n + l;
                    if !seen[v] && flow[u][l] < caps[u][l] {
                        seen[v] = true;
                        prev[v] = Some(u);
                        if col_left[l] > 0 {
                            end = Some(v);
                            break;
                        }
                        queue.push_back(v);
                    }
                }
                if end.is_some() {
                    break;
                }
            } else {
                let l = u - n;
                for r in 0..n {
                    if !seen[r] && flow[r][l] > 0 {
                        seen[r] = true;
                        prev[r] = Some(u);
                        queue.push_back(r);
                    }
                }
            }
        }
        let Some(mut v) = end else { break };
        col_left[v - n] -= 1;
        while let Some(u) = prev[v] {
            if u < n {
                flow[u][v - n] += 1;
            } else {
                flow[v][u - n] -= 1;
            }
            v = u;
        }
        row_left[v] -= 1;
        total += 1;
    }
    total == need
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_detects_joint_infeasibility() {
        // Two topics, each with only advanced questions; the mix wants one expert.
        let caps = vec![[0, 0, 5, 0], [0, 0, 5, 0]];
        assert!(flow_feasible(&[2, 2], &[0, 0, 4, 0], &caps));
        assert!(!flow_feasible(&[2, 2], &[0, 0, 3, 1], &caps));
        // Needs re-routing: row 0 can only use column 2; row 1 either.
        let caps = vec![[0, 0, 1, 0], [0, 1, 1, 0]];
        assert!(flow_feasible(&[1, 1], &[0, 1, 1, 0], &caps));
    }
}
