//! The small stack bytecode the JIT understands.
//!
//! Each instruction is an opcode byte, optionally followed by one operand byte.

pub const RET: u8 = 0x00;
/// Push the following byte as a signed integer.
pub const PUSH: u8 = 0x01;
pub const ADD: u8 = 0x02;
pub const MUL: u8 = 0x03;
pub const POP: u8 = 0x04;
/// Pop a value; jump to the absolute offset in the operand when it is zero.
pub const JUMP_IF_ZERO: u8 = 0x05;
/// Jump to the absolute offset in the operand.
pub const JUMP: u8 = 0x06;

/// One decoded instruction and the offset it starts at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instr {
    pub offset: usize,
    pub op: u8,
    pub operand: Option<u8>,
}

/// Decodes `code`, or `None` when it holds an unknown opcode, a truncated
/// operand or a jump that does not land on an instruction boundary.
pub fn decode(code: &[u8]) -> Option<Vec<Instr>> {
    let mut out = Vec::new();
    let mut pc = 0;
    while pc < code.len() {
        let op = code[pc];
        let operand = match op {
            RET | ADD | MUL | POP => None,
            PUSH | JUMP_IF_ZERO | JUMP => Some(*code.get(pc + 1)?),
            _ => return None,
        };
        out.push(Instr {
            offset: pc,
            op,
            operand,
        });
        pc += 1 + operand.map_or(0, |_| 1);
    }
    let starts: Vec<usize> = out.iter().map(|i| i.offset).collect();
    for i in &out {
        if matches!(i.op, JUMP | JUMP_IF_ZERO) {
            let target = i.operand? as usize;
            if starts.binary_search(&target).is_err() {
                return None;
            }
        }
    }
    Some(out)
}

/// Number of conditional branches in `code` (what a profile sizes itself by).
pub fn branch_count(code: &[u8]) -> usize {
    decode(code).map_or(0, |instrs| {
        instrs.iter().filter(|i| i.op == JUMP_IF_ZERO).count()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_operands_and_offsets() {
        let code = [PUSH, 2, PUSH, 3, ADD, RET];
        let instrs = decode(&code).unwrap();
        assert_eq!(instrs.len(), 4);
        assert_eq!(
            instrs[1],
            Instr {
                offset: 2,
                op: PUSH,
                operand: Some(3)
            }
        );
        assert_eq!(instrs[3].offset, 5);
    }

    #[test]
    fn rejects_bad_code() {
        assert!(decode(&[0xff]).is_none(), "unknown opcode");
        assert!(decode(&[PUSH]).is_none(), "truncated operand");
        assert!(
            decode(&[PUSH, 1, JUMP, 1]).is_none(),
            "jump into an operand"
        );
    }

    #[test]
    fn counts_conditional_branches() {
        let code = [
            PUSH,
            0,
            JUMP_IF_ZERO,
            6,
            JUMP,
            0,
            PUSH,
            1,
            JUMP_IF_ZERO,
            0,
            RET,
        ];
        assert_eq!(branch_count(&code), 2);
    }
}
