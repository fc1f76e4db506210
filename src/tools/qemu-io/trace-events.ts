// The trace events qemu-io 7.2 (Debian build) knows, in `qemu-io -T help` order: -T warns about other names.

/** Space-separated event names, as `-T help` lists them one a line. */
const EVENT_LIST =
  "breakpoint_insert breakpoint_remove breakpoint_singlestep dma_blk_io dma_aio_cancel dma_complete dma_blk_cb " +
  "dma_map_wait find_ram_offset find_ram_offset_loop ram_block_discard_range memory_notdirty_write_access " +
  "memory_notdirty_set_dirty job_state_transition job_apply_verb job_completed qmp_job_cancel qmp_job_pause " +
  "qmp_job_resume qmp_job_complete qmp_job_finalize qmp_job_dismiss guest_cpu_enter guest_cpu_exit " +
  "guest_cpu_reset guest_user_syscall guest_user_syscall_ret qcrypto_tls_creds_load_dh qcrypto_tls_creds_get_path " +
  "qcrypto_tls_creds_anon_load qcrypto_tls_creds_psk_load qcrypto_tls_creds_x509_load " +
  "qcrypto_tls_creds_x509_check_basic_constraints qcrypto_tls_creds_x509_check_key_usage " +
  "qcrypto_tls_creds_x509_check_key_purpose qcrypto_tls_creds_x509_load_cert " +
  "qcrypto_tls_creds_x509_load_cert_list qcrypto_tls_session_new qcrypto_tls_session_check_creds " +
  "qcrypto_tls_cipher_suite_priority qcrypto_tls_cipher_suite_info qcrypto_tls_cipher_suite_count " +
  "object_dynamic_cast_assert object_class_dynamic_cast_assert qauthz_is_allowed qauthz_simple_is_allowed " +
  "qauthz_list_check_rule qauthz_list_default_policy qauthz_list_file_load qauthz_list_file_refresh " +
  "qauthz_pam_check bdrv_open_common bdrv_lock_medium blk_co_preadv blk_co_pwritev blk_root_attach " +
  "blk_root_detach bdrv_co_preadv_part bdrv_co_pwritev_part bdrv_co_pwrite_zeroes bdrv_co_do_copy_on_readv " +
  "bdrv_co_copy_range_from bdrv_co_copy_range_to stream_one_iteration stream_start commit_one_iteration " +
  "commit_start mirror_start mirror_restart_iter mirror_before_flush mirror_before_drain mirror_before_sleep " +
  "mirror_one_iteration mirror_iteration_done mirror_yield mirror_yield_in_flight backup_do_cow_enter " +
  "backup_do_cow_return block_copy_skip_range block_copy_process block_copy_copy_range_fail block_copy_read_fail " +
  "block_copy_write_fail block_copy_write_zeroes_fail qmp_block_job_cancel qmp_block_job_pause " +
  "qmp_block_job_resume qmp_block_job_complete qmp_block_job_finalize qmp_block_job_dismiss qmp_block_stream " +
  "file_paio_submit luring_init_state luring_cleanup_state luring_io_plug luring_io_unplug luring_do_submit " +
  "luring_do_submit_done luring_co_submit luring_process_completion luring_io_uring_submit " +
  "luring_resubmit_short_read qcow2_add_task qcow2_writev_start_req qcow2_writev_done_req qcow2_writev_start_part " +
  "qcow2_writev_done_part qcow2_writev_data qcow2_pwrite_zeroes_start_req qcow2_pwrite_zeroes qcow2_skip_cow " +
  "qcow2_alloc_clusters_offset qcow2_handle_copied qcow2_handle_alloc qcow2_do_alloc_clusters_offset " +
  "qcow2_cluster_alloc_phys qcow2_cluster_link_l2 qcow2_l2_allocate qcow2_l2_allocate_get_empty " +
  "qcow2_l2_allocate_write_l2 qcow2_l2_allocate_write_l1 qcow2_l2_allocate_done qcow2_cache_get " +
  "qcow2_cache_get_replace_entry qcow2_cache_get_read qcow2_cache_get_done qcow2_cache_flush " +
  "qcow2_cache_entry_flush qcow2_process_discards_failed_region qed_alloc_l2_cache_entry qed_unref_l2_cache_entry " +
  "qed_find_l2_cache_entry qed_read_table qed_read_table_cb qed_write_table qed_write_table_cb " +
  "qed_need_check_timer_cb qed_start_need_check_timer qed_cancel_need_check_timer qed_aio_complete qed_aio_setup " +
  "qed_aio_next_io qed_aio_read_data qed_aio_write_data qed_aio_write_prefill qed_aio_write_postfill " +
  "qed_aio_write_main nvme_controller_capability_raw nvme_controller_capability nvme_controller_spec_version " +
  "nvme_kick nvme_dma_flush_queue_wait nvme_error nvme_process_completion nvme_process_completion_queue_plugged " +
  "nvme_complete_command nvme_submit_command nvme_submit_command_raw nvme_handle_event nvme_poll_queue " +
  "nvme_prw_aligned nvme_write_zeroes nvme_qiov_unaligned nvme_prw_buffered nvme_rw_done nvme_dsm nvme_dsm_done " +
  "nvme_dma_map_flush nvme_free_req_queue_wait nvme_create_queue_pair nvme_free_queue_pair nvme_cmd_map_qiov " +
  "nvme_cmd_map_qiov_pages nvme_cmd_map_qiov_iov iscsi_xcopy nbd_parse_blockstatus_compliance " +
  "nbd_structured_read_compliance nbd_read_reply_entry_fail nbd_co_request_fail nbd_client_handshake " +
  "nbd_client_handshake_success nbd_reconnect_attempt nbd_reconnect_attempt_result ssh_restart_coroutine " +
  "ssh_flush ssh_check_host_key_knownhosts ssh_connect_to_ssh ssh_co_yield ssh_co_yield_back ssh_getlength " +
  "ssh_co_create_opts ssh_read ssh_read_buf ssh_read_return ssh_write ssh_write_buf ssh_write_return ssh_seek " +
  "ssh_auth_methods ssh_server_status curl_timer_cb curl_sock_cb curl_read_cb curl_open curl_open_size " +
  "curl_setup_preadv curl_close file_copy_file_range file_FindEjectableOpticalMedia file_setup_cdrom " +
  "file_hdev_is_sg file_flush_fdatasync_failed sftp_error qio_task_new qio_task_complete qio_task_thread_start " +
  "qio_task_thread_run qio_task_thread_exit qio_task_thread_result qio_task_thread_source_attach " +
  "qio_task_thread_source_cancel qio_channel_null_new qio_channel_socket_new qio_channel_socket_new_fd " +
  "qio_channel_socket_connect_sync qio_channel_socket_connect_async qio_channel_socket_connect_fail " +
  "qio_channel_socket_connect_complete qio_channel_socket_listen_sync qio_channel_socket_listen_async " +
  "qio_channel_socket_listen_fail qio_channel_socket_listen_complete qio_channel_socket_dgram_sync " +
  "qio_channel_socket_dgram_async qio_channel_socket_dgram_fail qio_channel_socket_dgram_complete " +
  "qio_channel_socket_accept qio_channel_socket_accept_fail qio_channel_socket_accept_complete " +
  "qio_channel_file_new_fd qio_channel_file_new_path qio_channel_tls_new_client qio_channel_tls_new_server " +
  "qio_channel_tls_handshake_start qio_channel_tls_handshake_pending qio_channel_tls_handshake_fail " +
  "qio_channel_tls_handshake_complete qio_channel_tls_handshake_cancel qio_channel_tls_credentials_allow " +
  "qio_channel_tls_credentials_deny qio_channel_websock_new_server qio_channel_websock_handshake_start " +
  "qio_channel_websock_handshake_pending qio_channel_websock_handshake_reply qio_channel_websock_handshake_fail " +
  "qio_channel_websock_handshake_complete qio_channel_websock_http_greeting qio_channel_websock_http_request " +
  "qio_channel_websock_header_partial_decode qio_channel_websock_header_full_decode " +
  "qio_channel_websock_payload_decode qio_channel_websock_encode qio_channel_websock_close " +
  "qio_channel_command_new_pid qio_channel_command_new_spawn qio_channel_command_abort qio_channel_command_wait " +
  "qio_net_listener_watch qio_net_listener_unwatch qio_net_listener_callback nbd_send_option_request " +
  "nbd_receive_option_reply nbd_server_error_msg nbd_reply_err_ignored nbd_receive_list nbd_opt_info_go_start " +
  "nbd_opt_info_go_success nbd_opt_info_unknown nbd_opt_info_block_size nbd_receive_query_exports_start " +
  "nbd_receive_query_exports_success nbd_receive_starttls_new_client nbd_receive_starttls_tls_handshake " +
  "nbd_opt_meta_request nbd_opt_meta_reply nbd_start_negotiate nbd_receive_negotiate_magic " +
  "nbd_receive_negotiate_server_flags nbd_receive_negotiate_name nbd_receive_negotiate_size_flags " +
  "nbd_init_set_socket nbd_init_set_block_size nbd_init_set_size nbd_init_trailing_bytes nbd_init_set_readonly " +
  "nbd_init_finish nbd_client_loop nbd_client_loop_ret nbd_client_clear_queue nbd_client_clear_socket " +
  "nbd_send_request nbd_receive_simple_reply nbd_receive_structured_reply_chunk nbd_unknown_error " +
  "nbd_negotiate_send_rep_len nbd_negotiate_send_rep_err nbd_negotiate_send_rep_list " +
  "nbd_negotiate_handle_export_name nbd_negotiate_handle_export_name_request nbd_negotiate_send_info " +
  "nbd_negotiate_handle_info_requests nbd_negotiate_handle_info_request nbd_negotiate_handle_info_block_size " +
  "nbd_negotiate_handle_starttls nbd_negotiate_handle_starttls_handshake nbd_negotiate_meta_context " +
  "nbd_negotiate_meta_query_skip nbd_negotiate_meta_query_parse nbd_negotiate_meta_query_reply " +
  "nbd_negotiate_options_flags nbd_negotiate_options_check_magic nbd_negotiate_options_check_option " +
  "nbd_negotiate_begin nbd_negotiate_new_style_size_flags nbd_negotiate_success nbd_receive_request " +
  "nbd_blk_aio_attached nbd_blk_aio_detach nbd_co_send_simple_reply nbd_co_send_structured_done " +
  "nbd_co_send_structured_read nbd_co_send_structured_read_hole nbd_co_send_extents nbd_co_send_structured_error " +
  "nbd_co_receive_request_decode_type nbd_co_receive_request_payload_received nbd_co_receive_align_compliance " +
  "nbd_trip nbd_handshake_timer_cb nbd_connect_thread_sleep pr_manager_execute pr_manager_run visit_free " +
  "visit_complete visit_start_struct visit_check_struct visit_end_struct visit_start_list visit_next_list " +
  "visit_check_list visit_end_list visit_start_alternate visit_end_alternate visit_optional visit_policy_reject " +
  "visit_policy_skip visit_type_enum visit_type_int visit_type_uint8 visit_type_uint16 visit_type_uint32 " +
  "visit_type_uint64 visit_type_int8 visit_type_int16 visit_type_int32 visit_type_int64 visit_type_size " +
  "visit_type_bool visit_type_str visit_type_number visit_type_any visit_type_null run_poll_handlers_begin " +
  "run_poll_handlers_end poll_shrink poll_grow poll_add poll_remove aio_co_schedule aio_co_schedule_bh_cb " +
  "reentrant_aio thread_pool_submit thread_pool_complete thread_pool_cancel buffer_resize buffer_move_empty " +
  "buffer_move buffer_free qemu_file_monitor_add_watch qemu_file_monitor_remove_watch qemu_file_monitor_new " +
  "qemu_file_monitor_enable_watch qemu_file_monitor_disable_watch qemu_file_monitor_event " +
  "qemu_file_monitor_dispatch qemu_aio_coroutine_enter qemu_coroutine_yield qemu_coroutine_terminate " +
  "qemu_co_mutex_lock_uncontended qemu_co_mutex_lock_entry qemu_co_mutex_lock_return qemu_co_mutex_unlock_entry " +
  "qemu_co_mutex_unlock_return qemu_memalign qemu_anon_ram_alloc qemu_vfree qemu_anon_ram_free " +
  "hbitmap_iter_skip_words hbitmap_reset hbitmap_set lockcnt_fast_path_attempt lockcnt_fast_path_success " +
  "lockcnt_unlock_attempt lockcnt_unlock_success lockcnt_futex_wait_prepare lockcnt_futex_wait " +
  "lockcnt_futex_wait_resume lockcnt_futex_wake socket_listen qemu_mutex_lock qemu_mutex_locked qemu_mutex_unlock " +
  "qemu_vfio_dma_reset_temporary qemu_vfio_ram_block_added qemu_vfio_ram_block_removed qemu_vfio_dump_mapping " +
  "qemu_vfio_find_mapping qemu_vfio_new_mapping qemu_vfio_do_mapping qemu_vfio_dma_map qemu_vfio_dma_mapped " +
  "qemu_vfio_dma_unmap qemu_vfio_pci_read_config qemu_vfio_pci_write_config qemu_vfio_region_info " +
  "qemu_vfio_pci_map_bar uffd_query_features_nosys uffd_query_features_api_failed uffd_create_fd_nosys " +
  "uffd_create_fd_api_failed uffd_create_fd_api_noioctl uffd_register_memory_failed uffd_unregister_memory_failed " +
  "module_load_module module_lookup_object_type ";

export const TRACE_EVENTS: readonly string[] = EVENT_LIST.trim().split(" ");
