-- identity_blocks(records, max_block_size := 100)
SELECT z.rule,
       count(*) FILTER (WHERE z.block_size >= 2) AS blocks,
       coalesce(sum(z.block_size * (z.block_size - 1) / 2)
                FILTER (WHERE z.block_size BETWEEN 2 AND coalesce(max_block_size::BIGINT, 100)), 0)::BIGINT AS pairs,
       count(*) FILTER (WHERE z.block_size > coalesce(max_block_size::BIGINT, 100)) AS skipped_blocks,
       coalesce(sum(z.block_size) FILTER (WHERE z.block_size > coalesce(max_block_size::BIGINT, 100)), 0)::BIGINT
           AS records_in_skipped_blocks,
       max(z.block_size) AS largest_block
FROM block_sizes z
GROUP BY z.rule
ORDER BY z.rule
