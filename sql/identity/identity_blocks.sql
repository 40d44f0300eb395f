-- identity_blocks(records, max_block_size := 100)
SELECT r.rule,
       count(z.block_key) FILTER (WHERE z.block_size >= 2) AS blocks,
       coalesce(sum(z.block_size * (z.block_size - 1) / 2)
                FILTER (WHERE z.block_size BETWEEN 2 AND coalesce(max_block_size::BIGINT, 100)), 0)::BIGINT AS pairs,
       count(z.block_key) FILTER (WHERE z.block_size > coalesce(max_block_size::BIGINT, 100)) AS skipped_blocks,
       coalesce(sum(z.block_size) FILTER (WHERE z.block_size > coalesce(max_block_size::BIGINT, 100)), 0)::BIGINT
           AS records_in_skipped_blocks,
       coalesce(max(z.block_size), 0) AS largest_block
FROM block_rules r
LEFT JOIN block_sizes z ON z.bit = r.bit
GROUP BY r.rule
ORDER BY r.rule
