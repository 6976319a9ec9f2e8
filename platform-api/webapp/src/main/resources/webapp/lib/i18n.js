// Chinese and English. The choice is remembered in localStorage; before anyone chooses, the
// product's default_locale decides (glow and xingye zh-CN, talkie en-US).
const KEY = 'companion.lang';
let current = 'en';

const en = {
  'area.chat': 'Chat', 'area.studio': 'Studio', 'area.moderation': 'Moderation', 'area.ops': 'Operations',
  'area.forbidden': 'Your account does not have access to this area.', 'table.scroll': 'Table (scrolls sideways)',
  'nav.label': 'Areas', 'lang.switch': 'Switch language to Chinese', signout: 'Sign out', cancel: 'Cancel',
  'signin.title': 'Sign in', 'signin.identity': 'Sign in with your account', 'signin.none': 'Sign-in is not available.',
  'signin.localNote': 'Local sign-in: this platform runs on a developer machine, so you may pick any user.',
  'signin.user': 'User name', 'signin.product': 'App', 'signin.roles': 'Roles', 'signin.age': 'Age group',
  'signin.submit': 'Sign in', 'signin.other': 'Sign in as someone else',
  'signin.finishing': 'Signing you in…', 'signin.failed': 'Sign-in did not finish', 'signin.again': 'Back to sign-in',
  'signin.badState': 'This sign-in could not be checked: it was started in another tab, or has already been used. Please sign in again.',
  'signin.refused': 'The account service did not accept this sign-in. Please sign in again.',
  'role.creator': 'Creator', 'role.moderator': 'Moderator', 'role.admin': 'Operator (admin)',
  'age.adult': 'Adult', 'age.minor': 'Under 18',
  'minor.badge': 'Teen mode', 'minor.aiNotice': 'You are talking to an AI character, not a real person. Take breaks, and talk to someone you trust if anything worries you.',
  'minor.noPublish': 'Teen accounts can create characters for themselves but cannot publish them.',
  'back.discover': 'Discover',
  'discover.title': 'Discover', 'discover.search': 'Search', 'discover.placeholder': 'Search characters (中文 or English)',
  'discover.sort': 'Sort', 'discover.tags': 'Tags', 'discover.empty': 'No characters found. Try another search.',
  'sort.trending': 'Trending', 'sort.newest': 'Newest', 'sort.most_liked': 'Most liked',
  'character.by': 'by', 'character.like': 'Like', 'character.start': 'Start chatting',
  'persona.label': 'Talk as', 'persona.hint': 'A persona tells the character who you are. Optional.', 'persona.none': 'Just me (no persona)',
  'persona.create': 'New persona', 'persona.name': 'Persona name', 'persona.description': 'About this persona', 'persona.save': 'Save persona', 'persona.created': 'Persona saved',
  'group.title': 'Group chat', 'group.pick': 'Also invite', 'group.start': 'Start group chat', 'group.anyone': 'Whoever fits', 'group.speaker': 'Who answers',
  'chats.title': 'My chats', 'chats.empty': 'No conversations yet.',
  'chat.messages': 'Messages', 'chat.placeholder': 'Say something…', 'chat.message': 'Your message', 'chat.send': 'Send',
  'chat.you': 'You', 'chat.empty': 'Write a message first.', 'chat.replied': 'New reply', 'chat.repliedBy': (name) => `New reply from ${name}`,
  'chat.lost': 'The connection was lost. What arrived is shown above.', 'chat.continue': 'Continue', 'chat.retry': 'Try again',
  'chat.cancelled': '(reply stopped)',
  'msg.edit': 'Edit', 'msg.editLabel': 'Edit your message', 'msg.saveEdit': 'Send edit', 'msg.rewind': 'Rewind to here', 'msg.fork': 'Fork from here',
  'msg.alternatives': 'Alternative replies', 'msg.prev': 'Previous reply', 'msg.next': 'Next reply', 'msg.regenerate': 'Regenerate',
  'msg.rate': 'Rate this reply', 'msg.stars': (n) => `${n} of 4 stars`, 'msg.rated': (n) => `Rated ${n} of 4`,
  'msg.pin': 'Pin', 'msg.report': 'Report',
  'report.reason': 'What is wrong?', 'report.submit': 'Send report', 'report.sent': 'Thank you. A moderator will look at it.',
  'report.harassment': 'Harassment', 'report.sexual': 'Sexual content', 'report.self_harm': 'Self-harm', 'report.hate': 'Hate',
  'report.violence': 'Violence', 'report.spam': 'Spam', 'report.other': 'Something else',
  'memory.title': 'Pinned memories', 'memory.empty': 'Nothing pinned yet.', 'memory.add': 'Pin a note', 'memory.placeholder': 'Something to remember', 'memory.unpin': 'Unpin', 'memory.pinned': 'Pinned',
  'notice.ai_disclosure': 'AI:', 'notice.rest_reminder': 'Time for a break?', 'notice.support': 'You are not alone:',
  'notice.reply_moderated': 'Reply hidden:', 'notice.input_blocked': 'Message not sent:', 'notice.info': 'Note:',
  'studio.title': 'Studio', 'studio.new': 'New character', 'studio.mine': 'My characters', 'studio.none': 'No characters yet: create one or import a card.',
  'studio.preview': 'Card preview', 'studio.save': 'Save', 'studio.saved': 'Saved as a new version', 'studio.untitled': 'Untitled',
  'studio.edit': (name) => `Edit ${name}`,
  'import.drop': 'Drop a character card here (PNG or JSON)', 'import.pick': 'Choose a card file', 'import.type': 'Cards are PNG or JSON files.', 'import.done': 'Card imported',
  'card.name': 'Name', 'card.nickname': 'Nickname', 'card.description': 'Description', 'card.personality': 'Personality', 'card.scenario': 'Scenario',
  'card.first_mes': 'First message', 'card.mes_example': 'Example dialogue', 'card.creator_notes': "Creator's notes", 'card.system_prompt': 'System prompt',
  'card.post_history_instructions': 'Post-history instructions', 'card.tags': 'Tags', 'card.tagsHint': 'Separate tags with commas.', 'card.chats': (n) => `${n} chats`,
  'lorebook.title': 'Lorebook', 'lorebook.entry': 'Entry', 'lorebook.keys': 'Keys', 'lorebook.keysHint': 'Words that bring this entry in, separated by commas.',
  'lorebook.secondary': 'Secondary keys', 'lorebook.content': 'Content', 'lorebook.order': 'Insertion order', 'lorebook.position': 'Position',
  'lorebook.before_char': 'Before the character', 'lorebook.after_char': 'After the character', 'lorebook.regex': 'Keys are regular expressions',
  'lorebook.constant': 'Always included', 'lorebook.enabled': 'Enabled', 'lorebook.remove': 'Remove entry', 'lorebook.add': 'Add entry',
  'lorebook.count': (n) => `Lorebook: ${n} ${n === 1 ? 'entry' : 'entries'}`,
  'publish.title': 'Publishing', 'publish.visibility': 'Who can see it', 'publish.hint': 'Public characters are reviewed by a moderator first.',
  'publish.apply': 'Apply', 'publish.done': 'Visibility changed',
  'visibility.private': 'Private', 'visibility.unlisted': 'Unlisted', 'visibility.public': 'Public',
  'review.pending': 'In review', 'review.approved': 'Approved', 'review.rejected': 'Rejected',
  'export.png': 'Export PNG', 'export.json': 'Export JSON',
  'versions.title': 'Versions', 'versions.current': 'current', 'versions.load': (v) => `Load v${v}`, 'versions.loaded': (v) => `Version ${v} loaded into the editor`,
  'stats.title': 'Stats', 'stats.total': 'Total', 'stats.week': 'Last 7 days', 'stats.likes': 'Likes', 'stats.chats': 'Chats', 'stats.chatters': 'People', 'stats.versions': (n) => `${n} versions`,
  'moderation.sections': 'Moderation sections', 'moderation.characters': 'Characters to review', 'moderation.reports': 'Reports', 'moderation.audit': 'Audit log',
  'moderation.owner': 'Owner', 'moderation.open': 'Show the whole card', 'moderation.reason': 'Reason', 'moderation.approve': 'Approve', 'moderation.reject': 'Reject',
  'moderation.done': 'Decision recorded', 'moderation.emptyCharacters': 'No characters are waiting for review.', 'moderation.emptyQueue': 'The queue is empty.',
  'moderation.minor': 'Involves a minor', 'moderation.severity': (n) => `Severity ${n}`, 'moderation.reportCount': (n) => `${n} reports`, 'moderation.strikes': (n) => `${n} strikes`,
  'moderation.claim': 'Claim', 'moderation.claimedBy': (who) => `Claimed by ${who}`, 'moderation.decision': 'Decision', 'moderation.decide': 'Decide',
  'moderation.decided': (d, who) => `${d} by ${who}`,
  'queue.status': 'Show', 'queue.open': 'Open', 'queue.claimed': 'Claimed', 'queue.decided': 'Decided',
  'target.message': 'Message', 'target.character': 'Character', 'target.user': 'User',
  'decision.dismiss': 'Dismiss', 'decision.remove_message': 'Remove message', 'decision.approve_character': 'Approve character',
  'decision.reject_character': 'Reject character', 'decision.unpublish_character': 'Unpublish character', 'decision.warn': 'Warn the user', 'decision.suspend': 'Suspend the user',
  'audit.when': 'When', 'audit.actor': 'Who', 'audit.action': 'Action', 'audit.target': 'Target', 'audit.reason': 'Reason',
  'moderation.lexicon': 'Lexicon', 'moderation.policies': 'Policies',
  'ops.sections': 'Operations sections', 'ops.models': 'Models', 'ops.keys': 'API keys', 'ops.growth': 'Growth',
  'ops.noModels': 'No models are deployed.', 'ops.stable': 'Stable', 'ops.canary': 'Canary', 'ops.versionTitle': (v) => `Version ${v}`,
  'ops.canarySplit': (v, w) => `Canary ${v} gets ${w} of the traffic`, 'ops.samples': 'Requests', 'ops.errors': 'Errors', 'ops.errorRate': 'Error rate', 'ops.ttft': 'TTFT p95',
  'ops.promote': 'Promote', 'ops.stopCanary': 'Stop canary', 'ops.startCanary': 'Start a canary', 'ops.version': 'Version', 'ops.weight': 'Share of traffic (%)',
  'ops.noCanary': 'No other version to try as a canary.', 'ops.decisions': 'Canary decisions', 'ops.updated': 'Updated',
  'ops.node': 'Node', 'ops.health': 'Health', 'ops.circuit': 'Circuit', 'ops.outstanding': 'In flight', 'ops.running': 'Running / waiting', 'ops.kv': 'KV cache',
  'ops.ready': 'ready', 'ops.down': 'down', 'ops.ejected': 'ejected',
  'keys.create': 'Create API key', 'keys.name': 'Name', 'keys.product': 'App', 'keys.rpm': 'Requests per minute', 'keys.prefix': 'Key', 'keys.created': 'Created',
  'keys.actions': 'Actions', 'keys.revoke': 'Revoke', 'keys.revokeNamed': (n) => `Revoke ${n}`, 'keys.revoked': 'revoked',
  'keys.once': 'Copy the key now; it is not shown again:',
  'growth.unavailable': 'Growth analytics is not running yet.', 'growth.daily': 'Daily', 'growth.retention': 'Retention',
  'growth.date': 'Date', 'growth.dau': 'Daily users', 'growth.new_users': 'New users', 'growth.messages': 'Messages', 'growth.conversations': 'Conversations',
  'growth.size': 'Cohort', 'growth.d1': 'Day 1', 'growth.d7': 'Day 7', 'growth.d30': 'Day 30',
  'growth.quality': 'Model quality per version', 'growth.noQuality': 'No model has served turns in these days.',
  'growth.version': 'Version', 'growth.turns': 'Turns', 'growth.rating_mean': 'Rating (ratings)', 'growth.regenerate_rate': 'Regenerated',
  'growth.turns_per_conversation': 'Turns per conversation', 'growth.early_abandon_rate': 'Abandoned early', 'growth.ttft': 'First token p50 / p95',
  'growth.verdict': (decision, canary, stable, reason) => `Quality guard: ${decision} (canary ${canary} against stable ${stable})${reason ? `: ${reason}` : ''}`, 'growth.noVerdict': 'Quality guard: no verdict yet.',
};

const zh = {
  'area.chat': '聊天', 'area.studio': '创作中心', 'area.moderation': '内容审核', 'area.ops': '运维',
  'area.forbidden': '你的账号没有进入这里的权限。', 'table.scroll': '表格（可左右滚动）',
  'nav.label': '功能区', 'lang.switch': '切换为英文', signout: '退出登录', cancel: '取消',
  'signin.title': '登录', 'signin.identity': '用账号登录', 'signin.none': '暂时无法登录。',
  'signin.localNote': '本地登录：平台运行在开发机上，可以选择任意用户。',
  'signin.user': '用户名', 'signin.product': '应用', 'signin.roles': '角色', 'signin.age': '年龄段',
  'signin.submit': '登录', 'signin.other': '换个身份登录',
  'signin.finishing': '正在登录…', 'signin.failed': '登录未完成', 'signin.again': '返回登录',
  'signin.badState': '无法核实这次登录：它是在其他标签页中开始的，或已经用过。请重新登录。',
  'signin.refused': '账号服务没有接受这次登录。请重新登录。',
  'role.creator': '创作者', 'role.moderator': '审核员', 'role.admin': '运维（管理员）',
  'age.adult': '成年', 'age.minor': '未满 18 岁',
  'minor.badge': '青少年模式', 'minor.aiNotice': '你在和 AI 角色聊天，不是真人。记得休息；如果有任何担心，请告诉你信任的人。',
  'minor.noPublish': '青少年账号可以为自己创建角色，但不能公开发布。',
  'back.discover': '发现',
  'discover.title': '发现', 'discover.search': '搜索', 'discover.placeholder': '搜索角色（中文或英文）',
  'discover.sort': '排序', 'discover.tags': '标签', 'discover.empty': '没有找到角色，换个关键词试试。',
  'sort.trending': '热门', 'sort.newest': '最新', 'sort.most_liked': '最多喜欢',
  'character.by': '作者', 'character.like': '喜欢', 'character.start': '开始聊天',
  'persona.label': '以谁的身份聊天', 'persona.hint': '人设告诉角色你是谁，可不选。', 'persona.none': '就是我（不用人设）',
  'persona.create': '新建人设', 'persona.name': '人设名称', 'persona.description': '人设介绍', 'persona.save': '保存人设', 'persona.created': '人设已保存',
  'group.title': '群聊', 'group.pick': '再邀请', 'group.start': '开始群聊', 'group.anyone': '谁合适谁说', 'group.speaker': '由谁回答',
  'chats.title': '我的聊天', 'chats.empty': '还没有聊天。',
  'chat.messages': '消息', 'chat.placeholder': '说点什么…', 'chat.message': '你的消息', 'chat.send': '发送',
  'chat.you': '我', 'chat.empty': '请先输入消息。', 'chat.replied': '收到新回复', 'chat.repliedBy': (name) => `${name} 回复了`,
  'chat.lost': '连接断开了，已收到的内容显示在上面。', 'chat.continue': '继续', 'chat.retry': '重试',
  'chat.cancelled': '（回复已中断）',
  'msg.edit': '编辑', 'msg.editLabel': '编辑你的消息', 'msg.saveEdit': '发送修改', 'msg.rewind': '回退到这里', 'msg.fork': '从这里分叉',
  'msg.alternatives': '其他回复', 'msg.prev': '上一条回复', 'msg.next': '下一条回复', 'msg.regenerate': '重新生成',
  'msg.rate': '给这条回复评分', 'msg.stars': (n) => `${n} 星（满分 4 星）`, 'msg.rated': (n) => `已评 ${n} 星`,
  'msg.pin': '记住', 'msg.report': '举报',
  'report.reason': '有什么问题？', 'report.submit': '提交举报', 'report.sent': '谢谢，审核员会处理。',
  'report.harassment': '骚扰', 'report.sexual': '色情内容', 'report.self_harm': '自伤', 'report.hate': '仇恨',
  'report.violence': '暴力', 'report.spam': '垃圾信息', 'report.other': '其他',
  'memory.title': '记忆', 'memory.empty': '还没有记住的内容。', 'memory.add': '记住一条', 'memory.placeholder': '想让角色记住的事', 'memory.unpin': '忘掉', 'memory.pinned': '已记住',
  'notice.ai_disclosure': 'AI 提示：', 'notice.rest_reminder': '休息一下吧：', 'notice.support': '你并不孤单：',
  'notice.reply_moderated': '回复已隐藏：', 'notice.input_blocked': '消息未发送：', 'notice.info': '提示：',
  'studio.title': '创作中心', 'studio.new': '新建角色', 'studio.mine': '我的角色', 'studio.none': '还没有角色：新建一个或导入角色卡。',
  'studio.preview': '角色卡预览', 'studio.save': '保存', 'studio.saved': '已保存为新版本', 'studio.untitled': '未命名',
  'studio.edit': (name) => `编辑 ${name}`,
  'import.drop': '把角色卡拖到这里（PNG 或 JSON）', 'import.pick': '选择角色卡文件', 'import.type': '角色卡是 PNG 或 JSON 文件。', 'import.done': '角色卡已导入',
  'card.name': '名字', 'card.nickname': '昵称', 'card.description': '描述', 'card.personality': '性格', 'card.scenario': '场景',
  'card.first_mes': '开场白', 'card.mes_example': '对话示例', 'card.creator_notes': '作者说明', 'card.system_prompt': '系统提示词',
  'card.post_history_instructions': '历史后指令', 'card.tags': '标签', 'card.tagsHint': '用逗号分隔标签。', 'card.chats': (n) => `${n} 次聊天`,
  'lorebook.title': '世界书', 'lorebook.entry': '条目', 'lorebook.keys': '关键词', 'lorebook.keysHint': '出现这些词时加入本条目，用逗号分隔。',
  'lorebook.secondary': '次要关键词', 'lorebook.content': '内容', 'lorebook.order': '插入顺序', 'lorebook.position': '位置',
  'lorebook.before_char': '角色设定之前', 'lorebook.after_char': '角色设定之后', 'lorebook.regex': '关键词是正则表达式',
  'lorebook.constant': '始终加入', 'lorebook.enabled': '启用', 'lorebook.remove': '删除条目', 'lorebook.add': '添加条目',
  'lorebook.count': (n) => `世界书：${n} 个条目`,
  'publish.title': '发布', 'publish.visibility': '谁能看到', 'publish.hint': '公开的角色要先经过审核员审核。',
  'publish.apply': '应用', 'publish.done': '可见范围已更改',
  'visibility.private': '仅自己', 'visibility.unlisted': '不公开列出', 'visibility.public': '公开',
  'review.pending': '审核中', 'review.approved': '已通过', 'review.rejected': '未通过',
  'export.png': '导出 PNG', 'export.json': '导出 JSON',
  'versions.title': '版本', 'versions.current': '当前', 'versions.load': (v) => `载入 v${v}`, 'versions.loaded': (v) => `版本 ${v} 已载入编辑器`,
  'stats.title': '数据', 'stats.total': '总计', 'stats.week': '近 7 天', 'stats.likes': '喜欢', 'stats.chats': '聊天', 'stats.chatters': '人数', 'stats.versions': (n) => `${n} 个版本`,
  'moderation.sections': '审核分区', 'moderation.characters': '待审核角色', 'moderation.reports': '举报', 'moderation.audit': '审核日志',
  'moderation.owner': '作者', 'moderation.open': '查看完整角色卡', 'moderation.reason': '理由', 'moderation.approve': '通过', 'moderation.reject': '拒绝',
  'moderation.done': '已记录决定', 'moderation.emptyCharacters': '没有待审核的角色。', 'moderation.emptyQueue': '队列为空。',
  'moderation.minor': '涉及未成年人', 'moderation.severity': (n) => `严重程度 ${n}`, 'moderation.reportCount': (n) => `${n} 次举报`, 'moderation.strikes': (n) => `${n} 次违规`,
  'moderation.claim': '认领', 'moderation.claimedBy': (who) => `${who} 已认领`, 'moderation.decision': '决定', 'moderation.decide': '提交决定',
  'moderation.decided': (d, who) => `${who}：${d}`,
  'queue.status': '显示', 'queue.open': '待处理', 'queue.claimed': '已认领', 'queue.decided': '已处理',
  'target.message': '消息', 'target.character': '角色', 'target.user': '用户',
  'decision.dismiss': '驳回举报', 'decision.remove_message': '删除消息', 'decision.approve_character': '通过角色',
  'decision.reject_character': '拒绝角色', 'decision.unpublish_character': '下架角色', 'decision.warn': '警告用户', 'decision.suspend': '封禁用户',
  'audit.when': '时间', 'audit.actor': '操作人', 'audit.action': '操作', 'audit.target': '对象', 'audit.reason': '理由',
  'moderation.lexicon': '词库', 'moderation.policies': '审核策略',
  'ops.sections': '运维分区', 'ops.models': '模型', 'ops.keys': 'API 密钥', 'ops.growth': '增长',
  'ops.noModels': '没有部署模型。', 'ops.stable': '稳定版', 'ops.canary': '灰度版', 'ops.versionTitle': (v) => `版本 ${v}`,
  'ops.canarySplit': (v, w) => `灰度版 ${v} 承接 ${w} 的流量`, 'ops.samples': '请求数', 'ops.errors': '错误数', 'ops.errorRate': '错误率', 'ops.ttft': '首字延迟 p95',
  'ops.promote': '全量发布', 'ops.stopCanary': '停止灰度', 'ops.startCanary': '开始灰度', 'ops.version': '版本', 'ops.weight': '流量占比（%）',
  'ops.noCanary': '没有可以灰度的其他版本。', 'ops.decisions': '灰度决策', 'ops.updated': '已更新',
  'ops.node': '节点', 'ops.health': '健康', 'ops.circuit': '熔断', 'ops.outstanding': '进行中', 'ops.running': '运行 / 等待', 'ops.kv': 'KV 缓存',
  'ops.ready': '就绪', 'ops.down': '不可用', 'ops.ejected': '已摘除',
  'keys.create': '创建 API 密钥', 'keys.name': '名称', 'keys.product': '应用', 'keys.rpm': '每分钟请求数', 'keys.prefix': '密钥', 'keys.created': '创建时间',
  'keys.actions': '操作', 'keys.revoke': '吊销', 'keys.revokeNamed': (n) => `吊销 ${n}`, 'keys.revoked': '已吊销',
  'keys.once': '请立即复制密钥，之后不会再显示：',
  'growth.unavailable': '增长分析服务尚未运行。', 'growth.daily': '每日', 'growth.retention': '留存',
  'growth.date': '日期', 'growth.dau': '日活', 'growth.new_users': '新用户', 'growth.messages': '消息数', 'growth.conversations': '会话数',
  'growth.size': '人数', 'growth.d1': '次日', 'growth.d7': '7 日', 'growth.d30': '30 日',
  'growth.quality': '各版本模型质量', 'growth.noQuality': '这些天没有模型提供过回复。',
  'growth.version': '版本', 'growth.turns': '轮次', 'growth.rating_mean': '评分（次数）', 'growth.regenerate_rate': '重新生成',
  'growth.turns_per_conversation': '每会话轮次', 'growth.early_abandon_rate': '早期放弃', 'growth.ttft': '首字 p50 / p95',
  'growth.verdict': (decision, canary, stable, reason) => `质量守卫：${decision}（灰度 ${canary} 对比稳定版 ${stable}）${reason ? `：${reason}` : ''}`, 'growth.noVerdict': '质量守卫：尚无结论。',
};

const dictionaries = { en, zh };

/**
 * Texts that only one area needs, added by its module when it loads, so that the chat app does not
 * download them: {en: {...}, zh: {...}}.
 */
export function addTexts(more) {
  for (const [language, entries] of Object.entries(more)) Object.assign(dictionaries[language], entries);
}

/** The text for a key in the current language (a function entry takes arguments). */
export function t(key, ...args) {
  const entry = dictionaries[current][key] ?? en[key] ?? key;
  return typeof entry === 'function' ? entry(...args) : entry;
}

export function lang() {
  return current;
}

export function setLang(value) {
  current = value === 'zh' ? 'zh' : 'en';
  localStorage.setItem(KEY, current);
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

/** The remembered choice, else the product's default language. */
export function initLang(product) {
  const chosen = localStorage.getItem(KEY);
  const fallback = ((product && product.settings && product.settings.default_locale) || 'en').startsWith('zh') ? 'zh' : 'en';
  current = chosen === 'zh' || chosen === 'en' ? chosen : fallback;
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

